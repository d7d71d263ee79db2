using System.ComponentModel.DataAnnotations;
using SupportBot.BotFramework.Connector;

namespace SupportBot.Channels.Teams;

/// Files customers send the bot in Teams (the "TeamsFiles" section): which hosts the bot downloads them from, and how
/// much it takes. A file sent in a personal chat arrives as a pre-authenticated SharePoint or OneDrive for Business
/// URL (fetched with no credential); an inline image arrives as a URL on the channel's own host, which needs the bot's
/// token and gets it only where the connector would send it (Bot:TrustedServiceUrlHosts, and the activity's serviceUrl
/// host).
internal sealed class TeamsFilesOptions
{
    public const string Section = "TeamsFiles";

    /// False keeps every Teams file as the link Teams sent (which agents cannot open).
    public bool Enabled { get; set; } = true;

    /// Hosts of pre-authenticated download URLs: exact names, or "*." for any subdomain. SharePoint Online and
    /// OneDrive for Business are *.sharepoint.com; GCC High adds *.sharepoint.us, 21Vianet *.sharepoint.cn.
    [MinLength(0)]
    public string[] DownloadHosts { get; set; } = ["*.sharepoint.com"];

    /// A larger file is not downloaded: its link is kept as Teams sent it.
    [Range(1, 100 * 1024 * 1024)]
    public int MaxFileBytes { get; set; } = 4 * 1024 * 1024;

    /// Files downloaded from one message; the rest keep their links.
    [Range(1, 20)]
    public int MaxFilesPerMessage { get; set; } = 5;

    /// How long one download (or one upload of an offered file) may take.
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// The largest file an agent may offer a customer through a file consent card (TeamsFileConsent).
    [Range(1, 50 * 1024 * 1024)]
    public int MaxOfferBytes { get; set; } = 10 * 1024 * 1024;

    /// How long a file offer waits for the customer's answer; a later accept is refused.
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan OfferLifetime { get; set; } = TimeSpan.FromDays(1);

    /// Tries at uploading an accepted file (TeamsFileUploads) before the customer is told it could not be sent.
    [Range(1, 50)]
    public int UploadAttempts { get; set; } = 5;

    /// The wait before the second try; each later one waits twice as long.
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan UploadRetryDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// How often each instance looks for uploads due (an accept on this instance starts its upload at once).
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan UploadPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// Pre-authenticated file URLs (downloads, OneDrive upload sessions) carry their own credential: https only
    /// (loopback aside, for a local SharePoint stand-in), and only to the hosts configured.
    public bool IsTrustedFileHost(Uri url)
        => (url.Scheme == Uri.UriSchemeHttps || (url.IsLoopback && url.Scheme == Uri.UriSchemeHttp)) && ServiceUrlTrust.IsTrusted(url, DownloadHosts);
}
