// gradcheck: the Jacobian autograd computes against central finite differences, as
// torch.autograd.gradcheck (and gradgradcheck for the gradient of the gradient).
#include <cmath>
#include <sstream>

#include "ember/autograd/autograd.h"
#include "ember/ops/creation.h"
#include "ember/ops/shape.h"
#include "ember/core/Generator.h"

namespace ember::autograd {
namespace {

// Storage offsets (in elements) of t's elements in row-major order.
std::vector<int64_t> element_offsets(const Tensor& t) {
  std::vector<int64_t> offs;
  offs.reserve(static_cast<size_t>(t.numel()));
  if (t.numel() == 0) return offs;
  const int64_t nd = t.dim();
  DimVector idx(static_cast<size_t>(nd), 0);
  for (int64_t n = 0; n < t.numel(); ++n) {
    int64_t off = t.storage_offset();
    for (int64_t d = 0; d < nd; ++d) off += idx[d] * t.strides()[d];
    offs.push_back(off);
    for (int64_t d = nd - 1; d >= 0; --d) {
      if (++idx[d] < t.sizes()[d]) break;
      idx[d] = 0;
    }
  }
  return offs;
}

// The floating outputs, flattened to float64 values.
std::vector<std::vector<double>> values_of(const variable_list& outs) {
  std::vector<std::vector<double>> v;
  for (const Tensor& o : outs) {
    Tensor c = o.detach().to(kDouble).contiguous();
    const double* p = c.data_ptr<double>();
    v.emplace_back(p, p + c.numel());
  }
  return v;
}

template <class T>
void perturb(const Tensor& x, int64_t offset, double delta) {
  T* base = static_cast<T*>(x.unsafeGetTensorImpl()->storage()->data());
  base[offset] = static_cast<T>(static_cast<double>(base[offset]) + delta);
}

std::string format_matrix(const std::vector<std::vector<double>>& m) {
  std::ostringstream os;
  os.precision(4);
  for (const auto& row : m) {
    for (double v : row) os << " " << v;
    os << "\n";
  }
  return os.str();
}

bool check(const std::function<variable_list(const variable_list&)>& f, const variable_list& inputs,
           const GradcheckOptions& opt) {
  variable_list diff;
  std::vector<size_t> diff_index;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].defined() && inputs[i].requires_grad()) {
      EMBER_CHECK(inputs[i].is_leaf(), "gradcheck expects leaf inputs, input ", i, " is not");
      diff.push_back(inputs[i]);
      diff_index.push_back(i);
    }
  }
  EMBER_CHECK(!diff.empty(),
              "gradcheck expects at least one input tensor to require gradient, but none of the "
              "them have requires_grad=True.");
  const variable_list outputs = f(inputs);

  for (size_t o = 0; o < outputs.size(); ++o) {
    const Tensor& out = outputs[o];
    if (!out.defined() || !out.is_floating_point()) continue;
    const int64_t n_out = out.numel();
    for (size_t k = 0; k < diff.size(); ++k) {
      const Tensor& x = diff[k];
      const std::vector<int64_t> offs = element_offsets(x);
      // numerical[j][i]: d out_j / d x_i
      std::vector<std::vector<double>> numerical(n_out, std::vector<double>(offs.size()));
      for (size_t i = 0; i < offs.size(); ++i) {
        auto eval = [&](double delta) {
          NoGradGuard no_grad;
          visit_floating(x.scalar_type(), "gradcheck",
                         [&]<class T>() { perturb<T>(x, offs[i], delta); });
          auto v = values_of({f(inputs)[o]});
          visit_floating(x.scalar_type(), "gradcheck",
                         [&]<class T>() { perturb<T>(x, offs[i], -delta); });
          return v[0];
        };
        const auto plus = eval(opt.eps);
        const auto minus = eval(-opt.eps);
        for (int64_t j = 0; j < n_out; ++j) numerical[j][i] = (plus[j] - minus[j]) / (2 * opt.eps);
      }
      std::vector<std::vector<double>> analytical(n_out, std::vector<double>(offs.size()));
      // An output that does not depend on any input (requires no grad) has a zero Jacobian.
      for (int64_t j = 0; j < n_out && out.requires_grad(); ++j) {
        Tensor seed = zeros_like(out);
        {
          NoGradGuard no_grad;
          seed.view({-1}).select(0, j).fill_(1);
        }
        variable_list g = grad({out}, {x}, {seed}, /*retain_graph=*/true, false, true);
        if (!g[0].defined()) continue;
        const auto v = values_of({g[0]});
        for (size_t i = 0; i < offs.size(); ++i) analytical[j][i] = v[0][i];
      }
      for (int64_t j = 0; j < n_out; ++j) {
        for (size_t i = 0; i < offs.size(); ++i) {
          const double a = analytical[j][i], nv = numerical[j][i];
          if (!(std::abs(a - nv) <= opt.atol + opt.rtol * std::abs(nv))) {
            if (!opt.raise_exception) return false;
            detail::fail("Jacobian mismatch for output ", o, " with respect to input ",
                         diff_index[k], ",\nnumerical:", format_matrix(numerical),
                         "analytical:", format_matrix(analytical));
          }
        }
      }
    }
  }
  return true;
}

}  // namespace

bool gradcheck(const std::function<variable_list(const variable_list&)>& f,
               const variable_list& inputs, const GradcheckOptions& options) {
  for (const Tensor& x : inputs) {
    // The finite differences perturb the inputs' memory in place, on the host.
    EMBER_CHECK(!x.defined() || x.is_cpu(), "gradcheck: inputs must be CPU tensors, got one on ",
                x.device());
  }
  if (!check(f, inputs, options)) return false;
  if (!options.check_grad_of_grad) return true;
  // gradgradcheck: the map (inputs, grad_outputs) -> gradients must itself pass gradcheck.
  const variable_list outs = f(inputs);
  variable_list extended = inputs;
  Generator gen = make_generator(0);
  size_t n_out = 0;
  for (const Tensor& o : outs) {
    if (!o.defined() || !o.requires_grad()) continue;
    extended.push_back(randn(o.sizes(), gen, TensorOptions().dtype(o.dtype())).requires_grad_());
    ++n_out;
  }
  auto grads_of = [&f, n_in = inputs.size()](const variable_list& v) {
    AutoGradMode enable(true);  // finite differences evaluate this under no_grad; it needs a graph
    variable_list in(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n_in));
    variable_list outs, seeds, diff;
    variable_list all = f(in);
    size_t s = n_in;
    for (const Tensor& o : all) {
      if (!o.defined() || !o.requires_grad()) continue;
      outs.push_back(o);
      seeds.push_back(v[s++]);
    }
    for (const Tensor& x : in) {
      if (x.defined() && x.requires_grad()) diff.push_back(x);
    }
    variable_list g = grad(outs, diff, seeds, true, /*create_graph=*/true, /*allow_unused=*/true);
    for (size_t i = 0; i < g.size(); ++i) {
      if (!g[i].defined()) g[i] = zeros_like(diff[i]);
    }
    return g;
  };
  GradcheckOptions inner = options;
  inner.check_grad_of_grad = false;
  return check(grads_of, extended, inner);
}

bool gradcheck(const std::function<Tensor(const variable_list&)>& f, const variable_list& inputs,
               const GradcheckOptions& options) {
  return gradcheck(std::function<variable_list(const variable_list&)>(
                       [&f](const variable_list& v) { return variable_list{f(v)}; }),
                   inputs, options);
}

}  // namespace ember::autograd
