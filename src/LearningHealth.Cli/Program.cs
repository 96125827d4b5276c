namespace LearningHealth.Cli;

internal static class Program
{
    private static Task<int> Main(string[] args) => LhsCommand.Create(Console.Out, Console.Error).Parse(args).InvokeAsync();
}
