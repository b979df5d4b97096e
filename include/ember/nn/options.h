#pragma once
// Every nn options struct (libtorch's torch/nn/options.h).
#include "ember/nn/options/activation.h"
#include "ember/nn/options/batchnorm.h"
#include "ember/nn/options/conv.h"
#include "ember/nn/options/dropout.h"
#include "ember/nn/options/embedding.h"
#include "ember/nn/options/linear.h"
#include "ember/nn/options/loss.h"
#include "ember/nn/options/normalization.h"
#include "ember/nn/options/padding.h"
#include "ember/nn/options/pooling.h"
#include "ember/nn/options/rnn.h"
