using LearningHealth.Skills;
using LearningHealth.Tests.Infrastructure;

namespace LearningHealth.Tests.Trust.Fuzzing;

/// <summary>Valid framework files to mutate: the built-in frameworks exported in each format, made once per run.</summary>
internal static class FrameworkSeeds
{
    private static readonly Lazy<Task<Dictionary<FrameworkFormat, List<string>>>> Files = new(ExportAsync);

    public static async Task<IReadOnlyList<string>> ForAsync(FrameworkFormat format) => (await Files.Value)[format];

    private static async Task<Dictionary<FrameworkFormat, List<string>>> ExportAsync()
    {
        await using var services = await TestServices.CreateAsync(TestDatabase.Sqlite);
        var keys = (await services.Get<BrowseFrameworks>().ListAsync()).Select(f => f.Key).ToList();
        var result = new Dictionary<FrameworkFormat, List<string>>();
        foreach (var format in Enum.GetValues<FrameworkFormat>())
        {
            var files = new List<string>();
            foreach (var key in keys)
            {
                var file = (await services.Get<ExportFramework>().HandleAsync(key, format))!.Content;
                files.Add(file);
            }

            // The two smallest files: the parsers meet every construct in them, and the variants stay quick to make.
            result[format] = [.. files.OrderBy(f => f.Length).Take(2)];
        }

        return result;
    }
}
