using System.Globalization;

namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>
/// Recursive-descent parser for FHIRPath (FHIRPath N1 grammar). Operator precedence follows the
/// grammar's "Operator precedence" table, lowest first: implies; or, xor; and; in, contains;
/// equality; inequality; union; is, as; additive; multiplicative; unary; invocation and indexer.
/// </summary>
internal sealed class FhirPathParser
{
    private readonly string expression;
    private readonly List<FhirPathToken> tokens;
    private int next;

    private FhirPathParser(string expression)
    {
        this.expression = expression;
        tokens = FhirPathLexer.Tokenize(expression);
    }

    /// <summary>Parses a complete expression; trailing input is an error.</summary>
    public static FhirPathSyntax Parse(string expression)
    {
        var parser = new FhirPathParser(expression);
        if (parser.Current.Kind == TokenKind.End)
        {
            throw new FhirPathSyntaxException("The expression is empty.", 0);
        }

        var result = parser.ParseExpression(0);
        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Unexpected("an operator or the end of the expression");
        }

        return result;
    }

    private FhirPathToken Current => tokens[next];

    private FhirPathToken Advance() => tokens[next++];

    private static int BinaryPrecedence(FhirPathToken token) => token.Kind switch
    {
        TokenKind.Identifier => token.Text switch
        {
            "implies" => 1,
            "or" or "xor" => 2,
            "and" => 3,
            "in" or "contains" => 4,
            "is" or "as" => 8,
            "div" or "mod" => 10,
            _ => -1,
        },
        TokenKind.Symbol => token.Text switch
        {
            "=" or "~" or "!=" or "!~" => 5,
            "<" or "<=" or ">" or ">=" => 6,
            "|" => 7,
            "+" or "-" or "&" => 9,
            "*" or "/" => 10,
            _ => -1,
        },
        _ => -1,
    };

    private FhirPathSyntax ParseExpression(int minimumPrecedence)
    {
        var left = ParseUnary();
        while (true)
        {
            var op = Current;
            var precedence = BinaryPrecedence(op);
            if (precedence < 0 || precedence < minimumPrecedence)
            {
                return left;
            }

            Advance();
            if (op.Text is "is" or "as")
            {
                left = new TypeOperatorSyntax(op.Text, left, ParseTypeSpecifier(), op.Position);
                continue;
            }

            // Every binary operator is left-associative, so the right operand binds one level tighter.
            var right = ParseExpression(precedence + 1);
            left = new BinarySyntax(op.Text, left, right, op.Position);
        }
    }

    private FhirPathSyntax ParseUnary()
    {
        if (Current.IsSymbol("+") || Current.IsSymbol("-"))
        {
            var op = Advance();
            return new UnarySyntax(op.Text, ParseUnary(), op.Position);
        }

        return ParsePostfix();
    }

    private FhirPathSyntax ParsePostfix()
    {
        var result = ParseTerm();
        while (true)
        {
            if (Current.IsSymbol("."))
            {
                Advance();
                result = ParseInvocation(result);
            }
            else if (Current.IsSymbol("["))
            {
                var open = Advance();
                var index = ParseExpression(0);
                Expect("]");
                result = new IndexerSyntax(result, index, open.Position);
            }
            else
            {
                return result;
            }
        }
    }

    private FhirPathSyntax ParseTerm()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.String:
                Advance();
                return new LiteralSyntax(token.Text, token.Position);
            case TokenKind.Integer:
            case TokenKind.Decimal:
                Advance();
                if (Current.Kind == TokenKind.String || IsCalendarUnit(Current))
                {
                    throw new FhirPathSyntaxException(
                        $"Quantity literals are not supported (at position {token.Position}).", token.Position);
                }

                return token.Kind == TokenKind.Integer
                    ? new LiteralSyntax(ParseInteger(token), token.Position)
                    : new LiteralSyntax(decimal.Parse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), token.Position);
            case TokenKind.DateTime:
                Advance();
                return new LiteralSyntax(ParseDateTimeLiteral(token), token.Position);
            case TokenKind.ExternalConstant:
                Advance();
                return new ExternalConstantSyntax(token.Text, token.Position);
            case TokenKind.Special:
                Advance();
                return new SpecialVariableSyntax(token.Text, token.Position);
            case TokenKind.Symbol when token.Text == "(":
                Advance();
                var inner = ParseExpression(0);
                Expect(")");
                return inner;
            case TokenKind.Symbol when token.Text == "{":
                Advance();
                Expect("}");
                return new EmptyLiteralSyntax(token.Position);
            case TokenKind.Identifier when token.Text is "true" or "false":
                Advance();
                return new LiteralSyntax(token.Text == "true", token.Position);
            case TokenKind.Identifier:
            case TokenKind.DelimitedIdentifier:
                return ParseInvocation(null);
            default:
                throw Unexpected("a path, literal, constant or '('");
        }
    }

    /// <summary>Parses <c>name</c>, <c>name(args)</c> or a special variable after a '.' (or at the start when target is null).</summary>
    private FhirPathSyntax ParseInvocation(FhirPathSyntax? target)
    {
        var token = Current;
        if (token.Kind == TokenKind.Special)
        {
            Advance();
            // "$this" after a dot is allowed by the grammar and means the item itself.
            return target is null ? new SpecialVariableSyntax(token.Text, token.Position) : target;
        }

        if (token.Kind is not (TokenKind.Identifier or TokenKind.DelimitedIdentifier))
        {
            throw Unexpected("a member or function name");
        }

        Advance();
        if (token.Kind == TokenKind.Identifier && Current.IsSymbol("("))
        {
            Advance();
            var arguments = new List<FhirPathSyntax>();
            if (!Current.IsSymbol(")"))
            {
                arguments.Add(ParseExpression(0));
                while (Current.IsSymbol(","))
                {
                    Advance();
                    arguments.Add(ParseExpression(0));
                }
            }

            Expect(")");
            return new FunctionSyntax(target, token.Text, arguments, token.Position);
        }

        return target is null
            ? new IdentifierSyntax(token.Text, token.Position)
            : new MemberSyntax(target, token.Text, token.Position);
    }

    private string ParseTypeSpecifier()
    {
        var first = Current;
        if (first.Kind is not (TokenKind.Identifier or TokenKind.DelimitedIdentifier))
        {
            throw Unexpected("a type name");
        }

        Advance();
        var name = first.Text;
        if (Current.IsSymbol(".") && tokens[next + 1].Kind is TokenKind.Identifier or TokenKind.DelimitedIdentifier)
        {
            Advance();
            name += "." + Advance().Text;
        }

        return name;
    }

    private static bool IsCalendarUnit(FhirPathToken token) =>
        token.Kind == TokenKind.Identifier && token.Text is "year" or "years" or "month" or "months" or "week" or "weeks"
            or "day" or "days" or "hour" or "hours" or "minute" or "minutes" or "second" or "seconds"
            or "millisecond" or "milliseconds";

    private static long ParseInteger(FhirPathToken token)
    {
        if (!long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new FhirPathSyntaxException($"Integer literal '{token.Text}' is out of range.", token.Position);
        }

        return value;
    }

    private static FhirDateTime ParseDateTimeLiteral(FhirPathToken token)
    {
        var text = token.Text;
        var parsed = text.StartsWith('T')
            ? FhirDateTime.TryParse(text[1..], FhirDateTimeKind.Time)
            : FhirDateTime.TryParse(text.TrimEnd('T'), text.Contains('T', StringComparison.Ordinal) ? FhirDateTimeKind.DateTime : FhirDateTimeKind.Date);
        return parsed ?? throw new FhirPathSyntaxException($"Invalid date/time literal '@{text}' at position {token.Position}.", token.Position);
    }

    private void Expect(string symbol)
    {
        if (!Current.IsSymbol(symbol))
        {
            throw Unexpected($"'{symbol}'");
        }

        Advance();
    }

    private FhirPathSyntaxException Unexpected(string expected) =>
        new($"Expected {expected} but found {Current} at position {Current.Position} in '{expression}'.", Current.Position);
}
