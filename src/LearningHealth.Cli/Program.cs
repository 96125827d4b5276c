using LearningHealth.Cli;

return await LhsCommand.Create(Console.Out, Console.Error).Parse(args).InvokeAsync();
