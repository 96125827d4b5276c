using LearningHealth.SqlOnFhir.FhirPath;

namespace LearningHealth.SqlOnFhir.Views;

/// <summary>
/// A ViewDefinition as read from JSON and checked for shape (SQL on FHIR v2 "ViewDefinition" logical model).
/// Every element keeps its path in the document so later errors can name it.
/// </summary>
internal sealed record ViewModel(
    string? Name,
    string Resource,
    IReadOnlyList<ConstantModel> Constants,
    IReadOnlyList<SelectModel> Selects,
    IReadOnlyList<WhereModel> Wheres);

/// <summary>A <c>constant</c>: its name and the value it stands for in FHIRPath.</summary>
internal sealed record ConstantModel(string ElementPath, string Name, FhirValue Value);

/// <summary>A <c>where</c> filter.</summary>
internal sealed record WhereModel(string ElementPath, string Path);

/// <summary>A selection structure: <c>select</c>, or one branch of <c>unionAll</c>.</summary>
internal sealed record SelectModel(
    string ElementPath,
    string? ForEach,
    string? ForEachOrNull,
    IReadOnlyList<string> Repeat,
    IReadOnlyList<ColumnModel> Columns,
    IReadOnlyList<SelectModel> Selects,
    IReadOnlyList<SelectModel> UnionAll);

/// <summary>A <c>column</c>.</summary>
internal sealed record ColumnModel(string ElementPath, string Name, string Path, string? Type, bool Collection, string? Description);
