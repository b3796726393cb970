using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ColdChain.Platform.Reports.Verification;

/// <summary>
/// Signs each issued document's hash with the platform's ECDSA P-256 report key, kept as PEM under the data folder
/// (<c>keys/report-signing.pem</c>, created on first use, owner-only). A bare hash in the database proves nothing to
/// someone who can write the database; a signature needs the key file too, and its public half lets anyone check a
/// statement offline. Asymmetric rather than HMAC for that reason; ECDSA because .NET has it built in (no Ed25519).
/// </summary>
public sealed class DocumentSigner
{
    private readonly ECDsa _key;

    public DocumentSigner(string keyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPath);
        _key = ECDsa.Create();
        if (File.Exists(keyPath))
        {
            _key.ImportFromPem(File.ReadAllText(keyPath));
        }
        else
        {
            _key.GenerateKey(ECCurve.NamedCurves.nistP256);
            Directory.CreateDirectory(Path.GetDirectoryName(keyPath)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new StreamWriter(keyPath, Encoding.ASCII, options);
            file.Write(_key.ExportECPrivateKeyPem());
        }

        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
    }

    public string PublicKeyPem { get; }

    /// <summary>What is signed: the id, the file's hash, when and by whom, so a signature cannot be moved to another document.</summary>
    public static string Statement(IssuedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return string.Create(CultureInfo.InvariantCulture,
            $"coldchain-report-v1|{document.VerificationId}|{document.Sha256}|{document.GeneratedAt:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}|{document.GeneratedBy}");
    }

    public string Sign(IssuedDocument document) =>
        Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(Statement(document)), HashAlgorithmName.SHA256));

    public bool Verify(IssuedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            return _key.VerifyData(Encoding.UTF8.GetBytes(Statement(document)), Convert.FromBase64String(document.Signature), HashAlgorithmName.SHA256);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
