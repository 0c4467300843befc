// Training tests seed libtorch's process-wide random generator before building models; run them one at a time so that
// no other test draws from it in between.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
