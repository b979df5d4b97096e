#pragma once
// ember's optimizers and learning-rate schedulers (torch::optim). Include through ember/ember.h.
#include "ember/optim/adam.h"
#include "ember/optim/adamw.h"
#include "ember/optim/optimizer.h"
#include "ember/optim/rmsprop.h"
#include "ember/optim/schedulers/cosine_annealing_lr.h"
#include "ember/optim/schedulers/lr_scheduler.h"
#include "ember/optim/schedulers/step_lr.h"
#include "ember/optim/serialize.h"
#include "ember/optim/sgd.h"
