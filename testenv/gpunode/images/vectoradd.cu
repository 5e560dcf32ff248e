// Vector addition on the GPU, checked on the CPU: the smoke test the vectoradd sample runs.
// Prints "Test PASSED" and exits 0 when every element matches, like NVIDIA's cuda-sample image.
// Compiled with nvcc on the GPU machine by testenv/gpunode/node (a local build, not NVIDIA's image).
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <cuda_runtime.h>

#define CHECK(call)                                                                   \
    do {                                                                              \
        cudaError_t err = (call);                                                     \
        if (err != cudaSuccess) {                                                     \
            std::fprintf(stderr, "%s failed: %s\n", #call, cudaGetErrorString(err));  \
            return 1;                                                                 \
        }                                                                             \
    } while (0)

__global__ void vectorAdd(const float *a, const float *b, float *c, int n) {
    int i = blockDim.x * blockIdx.x + threadIdx.x;
    if (i < n) {
        c[i] = a[i] + b[i];
    }
}

int main() {
    const int n = 50000;
    const size_t bytes = n * sizeof(float);
    std::printf("[Vector addition of %d elements]\n", n);

    int device = 0;
    cudaDeviceProp prop;
    CHECK(cudaGetDevice(&device));
    CHECK(cudaGetDeviceProperties(&prop, device));
    std::printf("GPU %d: %s (compute capability %d.%d)\n", device, prop.name, prop.major, prop.minor);

    float *a = (float *)std::malloc(bytes), *b = (float *)std::malloc(bytes), *c = (float *)std::malloc(bytes);
    for (int i = 0; i < n; ++i) {
        a[i] = std::rand() / (float)RAND_MAX;
        b[i] = std::rand() / (float)RAND_MAX;
    }
    float *da, *db, *dc;
    CHECK(cudaMalloc(&da, bytes));
    CHECK(cudaMalloc(&db, bytes));
    CHECK(cudaMalloc(&dc, bytes));
    std::printf("Copy input data from the host memory to the CUDA device\n");
    CHECK(cudaMemcpy(da, a, bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b, bytes, cudaMemcpyHostToDevice));
    int threads = 256, blocks = (n + threads - 1) / threads;
    std::printf("CUDA kernel launch with %d blocks of %d threads\n", blocks, threads);
    vectorAdd<<<blocks, threads>>>(da, db, dc, n);
    CHECK(cudaGetLastError());
    std::printf("Copy output data from the CUDA device to the host memory\n");
    CHECK(cudaMemcpy(c, dc, bytes, cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; ++i) {
        if (std::fabs(a[i] + b[i] - c[i]) > 1e-5f) {
            std::fprintf(stderr, "Result verification failed at element %d\n", i);
            return 1;
        }
    }
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dc));
    std::free(a);
    std::free(b);
    std::free(c);
    std::printf("Test PASSED\n");
    std::printf("Done\n");
    return 0;
}
