// A small DCGAN: a transposed-convolution generator and a convolutional discriminator trained for a
// few alternating Adam steps on random 28x28 "images" in [-1, 1].
#include <torch/torch.h>

#include <iomanip>
#include <iostream>

const int64_t kNoiseSize = 16;
const int64_t kBatchSize = 8;

struct DCGANGeneratorImpl : torch::nn::Module {
  explicit DCGANGeneratorImpl(int64_t noise_size)
      : conv1(torch::nn::ConvTranspose2dOptions(noise_size, 64, 4).bias(false)),
        conv2(torch::nn::ConvTranspose2dOptions(64, 32, 3).stride(2).padding(1).bias(false)),
        conv3(torch::nn::ConvTranspose2dOptions(32, 16, 4).stride(2).padding(1).bias(false)),
        conv4(torch::nn::ConvTranspose2dOptions(16, 1, 4).stride(2).padding(1).bias(false)),
        batch_norm1(64),
        batch_norm2(32),
        batch_norm3(16) {
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("conv3", conv3);
    register_module("conv4", conv4);
    register_module("batch_norm1", batch_norm1);
    register_module("batch_norm2", batch_norm2);
    register_module("batch_norm3", batch_norm3);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(batch_norm1(conv1(x)));  // 1x1 -> 4x4
    x = torch::relu(batch_norm2(conv2(x)));  // -> 7x7
    x = torch::relu(batch_norm3(conv3(x)));  // -> 14x14
    return torch::tanh(conv4(x));            // -> 28x28
  }

  torch::nn::ConvTranspose2d conv1, conv2, conv3, conv4;
  torch::nn::BatchNorm2d batch_norm1, batch_norm2, batch_norm3;
};
TORCH_MODULE(DCGANGenerator);

// Normal(0, 0.02) convolution weights and Normal(1, 0.02) batch-norm scales, as in the DCGAN paper.
void initialize_weights(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  if (auto* conv = module.as<torch::nn::Conv2d>()) {
    torch::nn::init::normal_(conv->weight, 0.0, 0.02);
  } else if (auto* deconv = module.as<torch::nn::ConvTranspose2d>()) {
    torch::nn::init::normal_(deconv->weight, 0.0, 0.02);
  } else if (auto* bn = module.as<torch::nn::BatchNorm2d>()) {
    torch::nn::init::normal_(bn->weight, 1.0, 0.02);
    torch::nn::init::constant_(bn->bias, 0.0);
  }
}

int main() {
  torch::manual_seed(7);
  std::cout << std::boolalpha;

  DCGANGenerator generator(kNoiseSize);
  torch::nn::Sequential discriminator(
      torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 16, 4).stride(2).padding(1).bias(false)),
      torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)),
      torch::nn::Conv2d(torch::nn::Conv2dOptions(16, 32, 4).stride(2).padding(1).bias(false)),
      torch::nn::BatchNorm2d(32),
      torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)),
      torch::nn::Conv2d(torch::nn::Conv2dOptions(32, 64, 3).stride(2).padding(1).bias(false)),
      torch::nn::BatchNorm2d(64),
      torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)),
      torch::nn::Conv2d(torch::nn::Conv2dOptions(64, 1, 4).stride(1).padding(0).bias(false)),
      torch::nn::Sigmoid());
  generator->apply(initialize_weights);
  discriminator->apply(initialize_weights);
  std::cout << generator << std::endl;
  std::cout << discriminator << std::endl;
  std::cout << "generator modules: " << generator->modules(/*include_self=*/false).size()
            << ", discriminator modules: " << discriminator->size() << std::endl;

  // "Real" images: smooth random blobs scaled to [-1, 1].
  torch::Tensor coarse = torch::rand({kBatchSize, 1, 7, 7});
  torch::Tensor real_images =
      torch::nn::functional::interpolate(
          coarse,
          torch::nn::functional::InterpolateFuncOptions().size(std::vector<int64_t>{28, 28}))
          .mul(2)
          .sub(1);
  std::cout << "real images " << real_images.sizes() << std::endl;

  torch::optim::Adam generator_optimizer(generator->parameters(),
                                         torch::optim::AdamOptions(2e-4).betas({0.5, 0.999}));
  torch::optim::Adam discriminator_optimizer(discriminator->parameters(),
                                             torch::optim::AdamOptions(2e-4).betas({0.5, 0.999}));
  torch::nn::BCELoss criterion;

  std::cout << std::setprecision(4);
  for (int step = 1; step <= 5; ++step) {
    // Discriminator: real images towards (smoothed) 1, generated ones towards 0.
    discriminator->zero_grad();
    torch::Tensor real_labels = torch::empty(kBatchSize).uniform_(0.8, 1.0);
    torch::Tensor real_output = discriminator->forward(real_images).reshape(kBatchSize);
    torch::Tensor d_loss_real = criterion(real_output, real_labels);
    d_loss_real.backward();

    torch::Tensor noise = torch::randn({kBatchSize, kNoiseSize, 1, 1});
    torch::Tensor fake_images = generator->forward(noise);
    torch::Tensor fake_labels = torch::zeros(kBatchSize);
    torch::Tensor fake_output = discriminator->forward(fake_images.detach()).reshape(kBatchSize);
    torch::Tensor d_loss_fake = torch::binary_cross_entropy(fake_output, fake_labels);
    d_loss_fake.backward();
    torch::Tensor d_loss = d_loss_real + d_loss_fake;
    discriminator_optimizer.step();

    // Generator: make the discriminator say 1 for generated images.
    generator->zero_grad();
    fake_labels.fill_(1);
    fake_output = discriminator->forward(fake_images).reshape(kBatchSize);
    torch::Tensor g_loss = criterion(fake_output, fake_labels);
    g_loss.backward();
    generator_optimizer.step();

    std::cout << "[" << step << "/5] D_loss: " << d_loss.item<float>()
              << " | G_loss: " << g_loss.item<float>()
              << " | D(x): " << real_output.mean().item<float>() << std::endl;
  }

  // Sampling in eval mode uses the batch-norm running statistics.
  generator->eval();
  torch::NoGradGuard no_grad;
  torch::Tensor samples = generator->forward(torch::randn({4, kNoiseSize, 1, 1}));
  std::cout << "samples " << samples.sizes()
            << ", in [-1, 1]: " << (samples.abs().max().item<float>() <= 1.0f) << std::endl;
  std::cout << "batch_norm1 num_batches_tracked: "
            << generator->batch_norm1->num_batches_tracked.item<int64_t>() << std::endl;
  // Generated values are tiny (weights ~ N(0, 0.02)): print summaries, not pixels.
  std::cout << "batch_norm3 running_var " << generator->batch_norm3->running_var.sizes()
            << ", mean " << generator->batch_norm3->running_var.mean().item<float>() << std::endl;
  std::cout << "sample mean |x| * 1000: " << samples.abs().mean().item<float>() * 1000 << std::endl;
  return 0;
}
