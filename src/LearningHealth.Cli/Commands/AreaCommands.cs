using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using LearningHealth.AreaData;
using LearningHealth.Persistence;

namespace LearningHealth.Cli.Commands;

/// <summary>
/// <c>lhs area import | list</c>: area-level data sets (deprivation, rurality, air quality) in the analytics store of
/// the data folder, linked to patients by postcode. See docs/area-data.md.
/// </summary>
internal static class AreaCommands
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(CliContext context) =>
        new("area", "Area data sets linked to patients by postcode: import a CSV, list what is loaded")
        {
            Import(context),
            List(context),
        };

    private static Command Import(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "CSV file: first column area_code, then one column per measure" };
        var name = new Option<string>("--name") { Description = "Data set name (lower-case letters, digits, hyphens); an existing one is replaced", Required = true };
        var areaType = new Option<string>("--area-type") { Description = $"Area type: {AreaTypes.Allowed}", Required = true };
        var source = new Option<string>("--source") { Description = "Where the data come from", Required = true };
        var licence = new Option<string>("--licence") { Description = "Licence the data are used under", Required = true };
        var date = new Option<string>("--date") { Description = "Date the data describe, yyyy-MM-dd", Required = true };
        var synthetic = new Option<bool>("--synthetic") { Description = "Mark the data set as invented (shown as synthetic everywhere)" };
        var command = new Command("import", "Import an area data set into <data dir>/analytics.duckdb; nothing is written if any line is wrong")
        {
            file, name, areaType, source, licence, date, synthetic,
        };
        command.SetAction((parse, _) => context.RunAsync(async () =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new ArgumentException($"file: {path} does not exist.");
            }

            var options = DatabaseOptions.From(context.Configuration(parse));
            AreaImportResult result;
            await using (var stream = File.OpenRead(path))
            {
                result = new ImportAreaData(options, TimeProvider.System).Handle(new ImportAreaDataCommand
                {
                    Name = parse.GetValue(name)!,
                    AreaType = parse.GetValue(areaType)!,
                    Source = parse.GetValue(source)!,
                    Licence = parse.GetValue(licence)!,
                    DataDate = parse.GetValue(date)!,
                    Synthetic = parse.GetValue(synthetic),
                    ImportedBy = Environment.UserName,
                }, stream);
            }

            if (!result.Succeeded)
            {
                await context.Error.WriteLineAsync($"lhs: nothing imported from {path}:");
                foreach (var problem in result.Problems)
                {
                    await context.Error.WriteLineAsync("  " + problem);
                }

                return 1;
            }

            var stored = result.DataSet!;
            await context.Output.WriteLineAsync(
                $"Imported {stored.Name} version {stored.Version}: {stored.Areas} areas ({AreaTypes.Name(stored.AreaType)}), measures {string.Join(", ", stored.Measures.Select(m => m.Name))}"
                + (result.Replaced ? "; the earlier version is replaced." : "."));
            return 0;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List the area data sets as JSON, with how many patients each links");
        command.SetAction((parse, _) => context.RunAsync(async () =>
        {
            var options = DatabaseOptions.From(context.Configuration(parse));
            var list = new ListAreaData(options).Handle();
            await context.Output.WriteLineAsync(JsonSerializer.Serialize(list.Select(s => new
            {
                name = s.DataSet.Name,
                version = s.DataSet.Version,
                areaType = AreaTypes.Name(s.DataSet.AreaType),
                areas = s.DataSet.Areas,
                measures = s.DataSet.Measures.Select(m => new { name = m.Name, kind = m.Kind == MeasureKind.Numeric ? "numeric" : "text" }),
                source = s.DataSet.Source,
                licence = s.DataSet.Licence,
                dataDate = s.DataSet.DataDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                importedAt = s.DataSet.ImportedAt,
                importedBy = s.DataSet.ImportedBy,
                synthetic = s.DataSet.Synthetic,
                linkedPatients = s.LinkedPatients,
                patients = s.Patients,
            }), Json));
            return 0;
        }));
        return command;
    }
}
