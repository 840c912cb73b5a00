using Iqf.Admin.Cli;

return await IqfCommand.RunAsync(args, Console.Out, Console.Error);

// Lets WebApplicationFactory find the entry point in tests.
public partial class Program;
