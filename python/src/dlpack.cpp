// DLPack: tensors shared without a copy with NumPy, PyTorch and other libraries.
// _C._to_dlpack(tensor) wraps a tensor in a "dltensor" capsule holding a DLManagedTensor that
// keeps the tensor alive; _C._from_dlpack(capsule) takes such a capsule (renaming it
// "used_dltensor", as the protocol asks) and views its memory, calling the producer's deleter when
// the last ember tensor on it goes. The structs below are DLPack's ABI (dlpack.h, v0.7).
#include <cstdint>
#include <vector>

#include "arg_parser.h"
#include "common.h"

namespace ember::python {

namespace {

struct DLDevice {
  int32_t device_type;  // kDLCPU = 1, kDLCUDA = 2
  int32_t device_id;
};
struct DLDataType {
  uint8_t code;  // kDLInt = 0, kDLUInt = 1, kDLFloat = 2, kDLBfloat = 4
  uint8_t bits;
  uint16_t lanes;
};
struct DLTensor {
  void* data;
  DLDevice device;
  int32_t ndim;
  DLDataType dtype;
  int64_t* shape;
  int64_t* strides;
  uint64_t byte_offset;
};
struct DLManagedTensor {
  DLTensor dl_tensor;
  void* manager_ctx;
  void (*deleter)(DLManagedTensor* self);
};

constexpr int32_t kDLCPU = 1, kDLCUDA = 2;
constexpr uint8_t kDLInt = 0, kDLUInt = 1, kDLFloat = 2, kDLBfloat = 4;

// What an exported DLManagedTensor owns: the tensor and its shape and strides.
struct Exported {
  Tensor tensor;
  std::vector<int64_t> shape, strides;
  DLManagedTensor managed;
};

DLDataType dl_dtype(ScalarType t) {
  const auto bits = static_cast<uint8_t>(8 * element_size(t));
  switch (t) {
    case kByte:
      return {kDLUInt, bits, 1};
    case kChar:
    case kShort:
    case kInt:
    case kLong:
      return {kDLInt, bits, 1};
    case kHalf:
    case kFloat:
    case kDouble:
      return {kDLFloat, bits, 1};
    case kBFloat16:
      return {kDLBfloat, bits, 1};
    case kBool:
      runtime_error("Bool type is not supported by dlpack");
    default:
      runtime_error("Unsupported ScalarType ", to_string(t));
  }
}

ScalarType from_dl_dtype(DLDataType t) {
  if (t.lanes != 1) runtime_error("Unsupported kUInt bits ", static_cast<int>(t.bits));
  switch (t.code) {
    case kDLUInt:
      if (t.bits == 8) return kByte;
      runtime_error("Unsupported kUInt bits ", static_cast<int>(t.bits));
    case kDLInt:
      switch (t.bits) {
        case 8:
          return kChar;
        case 16:
          return kShort;
        case 32:
          return kInt;
        case 64:
          return kLong;
        default:
          runtime_error("Unsupported kInt bits ", static_cast<int>(t.bits));
      }
    case kDLFloat:
      switch (t.bits) {
        case 16:
          return kHalf;
        case 32:
          return kFloat;
        case 64:
          return kDouble;
        default:
          runtime_error("Unsupported kFloat bits ", static_cast<int>(t.bits));
      }
    case kDLBfloat:
      if (t.bits == 16) return kBFloat16;
      runtime_error("Unsupported kBfloat bits ", static_cast<int>(t.bits));
    default:
      runtime_error("Unsupported code ", static_cast<int>(t.code));
  }
}

void delete_exported(DLManagedTensor* managed) {
  delete static_cast<Exported*>(managed->manager_ctx);
}

// A capsule never consumed frees its tensor; a consumed one belongs to its consumer.
void capsule_destructor(PyObject* capsule) {
  if (PyCapsule_IsValid(capsule, "dltensor")) {
    auto* managed = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(capsule, "dltensor"));
    if (managed && managed->deleter) managed->deleter(managed);
  } else {
    PyErr_Clear();
  }
}

PyObject* to_dlpack(PyObject*, PyObject* arg) {
  EMBER_PY_TRY
  if (!is_tensor(arg)) type_error("to_dlpack(): expected a Tensor, got ", type_name(arg));
  const Tensor& t = unpack(arg);
  auto exported = std::make_unique<Exported>();
  exported->tensor = t.detach();
  exported->shape.assign(t.sizes().begin(), t.sizes().end());
  exported->strides.assign(t.strides().begin(), t.strides().end());
  DLTensor& dl = exported->managed.dl_tensor;
  dl.dtype = dl_dtype(t.scalar_type());
  dl.data = t.numel() == 0 ? nullptr : t.data_ptr();
  dl.device = t.is_cuda() ? DLDevice{kDLCUDA, static_cast<int32_t>(t.device().index())}
                          : DLDevice{kDLCPU, 0};
  dl.ndim = static_cast<int32_t>(t.dim());
  dl.shape = exported->shape.data();
  dl.strides = exported->strides.data();
  dl.byte_offset = 0;
  exported->managed.manager_ctx = exported.get();
  exported->managed.deleter = delete_exported;
  PyObject* capsule = PyCapsule_New(&exported->managed, "dltensor", capsule_destructor);
  if (!capsule) throw python_error();
  exported.release();  // owned by the capsule, then by its consumer
  return capsule;
  EMBER_PY_CATCH(nullptr)
}

PyObject* from_dlpack(PyObject*, PyObject* capsule) {
  EMBER_PY_TRY
  auto* managed = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(capsule, "dltensor"));
  if (!managed) {
    PyErr_Clear();
    runtime_error(
        "from_dlpack received an invalid capsule. Note that DLTensor capsules can be "
        "consumed only once, so you might have already constructed a tensor from it "
        "once.");
  }
  const DLTensor& dl = managed->dl_tensor;
  if (dl.device.device_type != kDLCPU) {
    runtime_error("Unsupported device_type: ", dl.device.device_type,
                  " (ember takes DLPack tensors on the CPU)");
  }
  if (dl.ndim < 0) runtime_error("from_dlpack: invalid number of dims ", dl.ndim);
  const ScalarType dtype = from_dl_dtype(dl.dtype);
  std::vector<int64_t> sizes(dl.shape, dl.shape + dl.ndim), strides;
  if (dl.strides) {
    strides.assign(dl.strides, dl.strides + dl.ndim);
  } else {  // compact row-major
    strides.assign(sizes.size(), 1);
    for (int64_t d = dl.ndim - 2; d >= 0; --d) strides[d] = strides[d + 1] * sizes[d + 1];
  }
  auto* data = static_cast<char*>(dl.data) + dl.byte_offset;
  Tensor t = from_blob(
      data, sizes, strides,
      [managed](void*) {
        if (managed->deleter) managed->deleter(managed);
      },
      TensorOptions().dtype(dtype));
  if (PyCapsule_SetName(capsule, "used_dltensor") != 0) throw python_error();
  return wrap(std::move(t));
  EMBER_PY_CATCH(nullptr)
}

PyMethodDef dlpack_functions[] = {{"_to_dlpack", to_dlpack, METH_O, nullptr},
                                  {"_from_dlpack", from_dlpack, METH_O, nullptr},
                                  {nullptr, nullptr, 0, nullptr}};

}  // namespace

void init_dlpack(py::module_& m) {
  for (PyMethodDef* def = dlpack_functions; def->ml_name; ++def) {
    m.add_object(def->ml_name, steal(PyCFunction_NewEx(def, nullptr, m.attr("__name__").ptr())));
  }
}

}  // namespace ember::python
