#pragma once
// Intra-op parallelism: large element-wise operations split their work across a pool of worker
// threads (the calling thread included). Like at::set_num_threads / at::get_num_threads.
namespace ember {

// The number of threads an operation may use, the caller's included (at least 1). Changing it
// waits for running parallel work and restarts the pool with the new size on its next use.
void set_num_threads(int n);
// Defaults to the hardware concurrency.
int get_num_threads();

}  // namespace ember
