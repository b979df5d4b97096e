#pragma once
// ember: PyTorch's tensors and autograd in C++. Include this one header.
//
//   #include <ember/ember.h>
//   namespace torch = ember;   // libtorch code using what ember covers compiles unchanged
#include "ember/core/ArrayRef.h"
#include "ember/core/Convert.h"
#include "ember/core/Device.h"
#include "ember/core/Error.h"
#include "ember/core/Half.h"
#include "ember/core/Scalar.h"
#include "ember/core/ScalarType.h"
#include "ember/core/Storage.h"
#include "ember/core/Tensor.h"
#include "ember/core/TensorImpl.h"
#include "ember/core/TensorOptions.h"
#include "ember/core/broadcast.h"
#include "ember/core/parallel.h"
#include "ember/core/promote.h"
#include "ember/core/repr.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/indexing.h"
#include "ember/ops/linalg.h"
#include "ember/ops/reduce.h"
#include "ember/ops/shape.h"
#include "ember/random/Generator.h"
