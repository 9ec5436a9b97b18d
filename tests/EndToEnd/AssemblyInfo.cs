// Every test here runs the whole composition (four services) on a 2-core machine: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
