namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>The lexical categories of the FHIRPath grammar (FHIRPath N1, "Grammar" appendix).</summary>
internal enum TokenKind
{
    End,
    Identifier,
    DelimitedIdentifier,
    String,
    Integer,
    Decimal,
    DateTime,
    ExternalConstant,
    /// <summary><c>$this</c>, <c>$index</c> or <c>$total</c>.</summary>
    Special,
    Symbol,
}

/// <summary>One token of a FHIRPath expression with the offset it starts at, for error messages.</summary>
internal readonly record struct FhirPathToken(TokenKind Kind, string Text, int Position)
{
    public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Text == symbol;

    public override string ToString() => Kind == TokenKind.End ? "end of expression" : $"'{Text}'";
}
