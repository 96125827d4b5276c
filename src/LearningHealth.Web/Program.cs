using LearningHealth.Web.Hosting;

var app = WebApp.Build(args);
await app.RunAsync();

/// <summary>The web host's entry point; public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
