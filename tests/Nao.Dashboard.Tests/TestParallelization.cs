// The page tests make their runs in-process with the CLI (torch's thread count and generator are process-wide), and
// the browser test times a live search: run the test classes one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
