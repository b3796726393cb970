using Microsoft.AspNetCore.Identity;

namespace ColdChain.Platform.Identity;

/// <summary>A person who signs in. Ids are never reused (Part 11 §11.300): users are disabled, not deleted.</summary>
public sealed class PlatformUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>When an admin disabled the account (UTC); null while enabled. A disabled user cannot sign in and loses every session.</summary>
    public DateTime? DisabledAt { get; set; }

    public bool IsDisabled => DisabledAt is not null;
}
