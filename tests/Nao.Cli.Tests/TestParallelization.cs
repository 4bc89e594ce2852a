// The CLI tests run searches in-process, and torch's thread count and global generator are process-wide: a test
// running beside a resume test changed its controller fits (seen as a flaky trial mismatch in the weight-sharing
// Ctrl-C resume test). Run the test classes of this assembly one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
