#pragma once
// ember's data utilities (libtorch's torch/data.h): datasets (MNIST, FashionMNIST), transforms,
// samplers, the data loader and the IDX file reader. Namespaces as libtorch's:
// ember::data::{datasets, transforms, samplers}, ember::data::make_data_loader.
#include "ember/data/dataloader.h"
#include "ember/data/datasets.h"
#include "ember/data/example.h"
#include "ember/data/idx.h"
#include "ember/data/samplers.h"
#include "ember/data/transforms.h"
