// Every test runs the same Bicep binary; one at a time keeps the two-core build machines responsive.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
