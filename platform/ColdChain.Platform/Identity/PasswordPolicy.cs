using Microsoft.AspNetCore.Identity;

namespace ColdChain.Platform.Identity;

/// <summary>
/// Length ≥ 12 and a zxcvbn score ≥ 3 (0–4), no composition rules: long and unguessable beats "one digit, one symbol".
/// The advice is ours: zxcvbn-core 1.1 scores but does not explain, so we name the weak pattern it matched.
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;
    public const int MinimumScore = 3;

    public sealed record Strength(int Score, bool Acceptable, IReadOnlyList<string> Advice);

    public static Strength Evaluate(string password, IEnumerable<string> userInputs)
    {
        var result = Zxcvbn.Zxcvbn.MatchPassword(password, userInputs.Where(s => !string.IsNullOrEmpty(s)).ToList());
        var advice = new List<string>();
        if (password.Length < MinimumLength)
        {
            advice.Add($"Use at least {MinimumLength} characters; a few unrelated words make a long password easy to remember.");
        }

        foreach (var pattern in result.MatchSequence.Select(m => m.Pattern).Distinct(StringComparer.Ordinal))
        {
            var hint = pattern switch
            {
                "dictionary" => "Avoid common words, names and passwords, also with letters swapped for digits.",
                "sequence" => "Avoid sequences such as abcd or 1234.",
                "repeat" => "Avoid repeated characters or words.",
                "spatial" => "Avoid keyboard patterns such as qwerty.",
                "date" => "Avoid dates and years.",
                _ => null,
            };
            if (hint is not null)
            {
                advice.Add(hint);
            }
        }

        if (result.Score < MinimumScore)
        {
            advice.Add("Add more unrelated words or characters until the password is rated strong.");
        }

        return new Strength(result.Score, password.Length >= MinimumLength && result.Score >= MinimumScore, advice);
    }
}

/// <summary>Identity's hook: every password set through the UserManager passes <see cref="PasswordPolicy"/>.</summary>
internal sealed class StrongPasswordValidator : IPasswordValidator<PlatformUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<PlatformUser> manager, PlatformUser user, string? password)
    {
        var strength = PasswordPolicy.Evaluate(password ?? string.Empty, [user.Email ?? string.Empty, user.UserName ?? string.Empty, user.DisplayName]);
        return Task.FromResult(strength.Acceptable
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError
            {
                Code = "WeakPassword",
                Description = $"The password must have at least {PasswordPolicy.MinimumLength} characters and a strength score of at least {PasswordPolicy.MinimumScore} of 4 (this one: {strength.Score}). {string.Join(' ', strength.Advice)}",
            }));
    }
}
