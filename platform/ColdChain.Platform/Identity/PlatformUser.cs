using Microsoft.AspNetCore.Identity;

namespace ColdChain.Platform.Identity;

/// <summary>A person who signs in. Ids are never reused (Part 11 §11.300): users are disabled, not deleted.</summary>
public sealed class PlatformUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;
}
