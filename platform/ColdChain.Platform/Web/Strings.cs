namespace ColdChain.Platform.Web;

/// <summary>The web UI's resource strings (Strings.resx, Strings.zh-CN.resx); pages read them through IStringLocalizer&lt;Strings&gt;.</summary>
public sealed class Strings;
