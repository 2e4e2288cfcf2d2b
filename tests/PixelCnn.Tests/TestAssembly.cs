// One test at a time: libtorch's thread count (set by training and by sampling's small batches), its seed and its
// TF32 flags are process-wide, so a test running beside another could change how the other's sums are rounded, and
// tests compare figures exactly.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
