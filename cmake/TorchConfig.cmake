# find_package(Torch) answered by ember: a libtorch project's CMakeLists.txt builds against ember
# unchanged when configured with -DTorch_DIR=<ember prefix>/lib/cmake/ember/torch. Sets what
# libtorch's TorchConfig.cmake sets that projects use.
include(CMakeFindDependencyMacro)
find_dependency(ember CONFIG PATHS "${CMAKE_CURRENT_LIST_DIR}/.." NO_DEFAULT_PATH)
set(TORCH_LIBRARIES ember::torch)
get_target_property(TORCH_INCLUDE_DIRS ember::torch INTERFACE_INCLUDE_DIRECTORIES)
set(TORCH_CXX_FLAGS "")
set(TORCH_FOUND TRUE)
set(Torch_FOUND TRUE)
