// The scenarios drive whole platforms (AppHost and its services as processes) on a 2-core machine: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
