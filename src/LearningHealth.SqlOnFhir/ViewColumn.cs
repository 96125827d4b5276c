namespace LearningHealth.SqlOnFhir;

/// <summary>
/// One output column of a view, in the order SQL on FHIR v2 "Column Ordering" prescribes.
/// </summary>
/// <param name="Name">The column name from the ViewDefinition.</param>
/// <param name="Type">The FHIR type declared in the ViewDefinition (<c>string</c>, <c>integer</c>, <c>dateTime</c>...), or null when not declared.</param>
/// <param name="IsCollection">True when the column was declared with <c>collection: true</c> and holds an array of values.</param>
/// <param name="Description">The column's description from the ViewDefinition, if any.</param>
public sealed record ViewColumn(string Name, string? Type, bool IsCollection, string? Description)
{
    /// <summary>
    /// The CLR type of the values in this column: <see cref="bool"/> for boolean, <see cref="int"/> for integer,
    /// positiveInt and unsignedInt, <see cref="long"/> for integer64, <see cref="decimal"/> for decimal,
    /// <see cref="string"/> for every other declared type (dates stay in their FHIR text form), <see cref="object"/>
    /// when no type is declared, and an array of those for collection columns. Null cells are <c>null</c>.
    /// </summary>
    public Type ClrType
    {
        get
        {
            var element = ColumnValueKinds.FromFhirType(Type) switch
            {
                ColumnValueKind.Boolean => typeof(bool),
                ColumnValueKind.Int32 => typeof(int),
                ColumnValueKind.Int64 => typeof(long),
                ColumnValueKind.Decimal => typeof(decimal),
                ColumnValueKind.String => typeof(string),
                _ => typeof(object),
            };
            return IsCollection ? typeof(object[]) : element;
        }
    }
}
