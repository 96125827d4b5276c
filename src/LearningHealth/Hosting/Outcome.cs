namespace LearningHealth.Hosting;

/// <summary>
/// What a use case reports when it cannot do what was asked: a plain message, and the input field it concerns
/// (if any) so a form can show it next to that field. Errors are values, not exceptions.
/// </summary>
public sealed record Problem(string Message, string? Field = null, ProblemKind Kind = ProblemKind.Invalid);

public enum ProblemKind
{
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>The result of a use case: either a value or the problems that stopped it.</summary>
public sealed class Outcome<T>
{
    private Outcome(T? value, IReadOnlyList<Problem> problems)
    {
        Value = value;
        Problems = problems;
    }

    public T? Value { get; }
    public IReadOnlyList<Problem> Problems { get; }
    public bool Succeeded => Problems.Count == 0;

    public static Outcome<T> Ok(T value) => new(value, []);
    public static Outcome<T> Fail(params Problem[] problems) => new(default, problems);
    public static Outcome<T> Fail(IEnumerable<Problem> problems) => new(default, problems.ToList());

    public static implicit operator Outcome<T>(Problem problem) => Fail(problem);
}
