using Iqf.Benchmarks;

// Benchmarks run against a throwaway PostgreSQL cluster (or IQF_BENCH_DB) with generated data,
// and print their figures beside a baseline measured in the same run. See README "Performance".
var name = args.FirstOrDefault();
return name switch
{
    "admin-list" => await AdminListBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Iqf.Benchmarks -- admin-list [--qualifications N] [--modules-per-qualification M] [--runs R]");
    return 2;
}
