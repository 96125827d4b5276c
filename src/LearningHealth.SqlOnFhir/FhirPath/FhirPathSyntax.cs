namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>
/// The parse tree of a FHIRPath expression. The compiler turns it into <see cref="Nodes.ExpressionNode"/>s;
/// keeping the two apart lets validation (unknown functions, constants, arity) happen once, before evaluation.
/// </summary>
internal abstract record FhirPathSyntax(int Position);

/// <summary>A literal: string, boolean, integer, decimal, or date/time (held as <see cref="FhirDateTime"/>).</summary>
internal sealed record LiteralSyntax(object Value, int Position) : FhirPathSyntax(Position);

/// <summary>The empty collection literal <c>{}</c>.</summary>
internal sealed record EmptyLiteralSyntax(int Position) : FhirPathSyntax(Position);

/// <summary>An external constant such as <c>%resource</c> or a ViewDefinition constant <c>%name_use</c>.</summary>
internal sealed record ExternalConstantSyntax(string Name, int Position) : FhirPathSyntax(Position);

/// <summary><c>$this</c>, <c>$index</c> or <c>$total</c>.</summary>
internal sealed record SpecialVariableSyntax(string Name, int Position) : FhirPathSyntax(Position);

/// <summary>A member name at the start of a path, navigated from the current focus.</summary>
internal sealed record IdentifierSyntax(string Name, int Position) : FhirPathSyntax(Position);

/// <summary><c>target.name</c>.</summary>
internal sealed record MemberSyntax(FhirPathSyntax Target, string Name, int Position) : FhirPathSyntax(Position);

/// <summary>A function call; <see cref="Target"/> is null when the call starts the path (applies to <c>$this</c>).</summary>
internal sealed record FunctionSyntax(FhirPathSyntax? Target, string Name, IReadOnlyList<FhirPathSyntax> Arguments, int Position)
    : FhirPathSyntax(Position);

/// <summary><c>target[index]</c>.</summary>
internal sealed record IndexerSyntax(FhirPathSyntax Target, FhirPathSyntax Index, int Position) : FhirPathSyntax(Position);

/// <summary>Unary <c>+</c> or <c>-</c>.</summary>
internal sealed record UnarySyntax(string Operator, FhirPathSyntax Operand, int Position) : FhirPathSyntax(Position);

/// <summary>A binary operator, including <c>and</c>, <c>or</c>, <c>|</c>, <c>in</c> and <c>contains</c>.</summary>
internal sealed record BinarySyntax(string Operator, FhirPathSyntax Left, FhirPathSyntax Right, int Position) : FhirPathSyntax(Position);

/// <summary><c>operand is Type</c> or <c>operand as Type</c>.</summary>
internal sealed record TypeOperatorSyntax(string Operator, FhirPathSyntax Operand, string TypeName, int Position) : FhirPathSyntax(Position);
