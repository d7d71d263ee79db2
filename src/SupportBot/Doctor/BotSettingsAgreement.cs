using SupportBot.BotFramework;
using SupportBot.Channels.Teams;

namespace SupportBot.Doctor;

/// Whether the Bot: settings describe one coherent Azure Bot registration: an app type, the tenant it needs and the
/// one credential it uses, and Teams sign-in set on both sides or neither. A mismatch otherwise shows up only as
/// refused tokens and dead letters in the outbox, or as a sign-in that never completes silently.
internal static class BotSettingsAgreement
{
    public static List<string> Problems(BotFrameworkOptions bot, TeamsAppOptions teamsApp)
    {
        var problems = new List<string>();
        if (!Guid.TryParse(bot.MicrosoftAppId, out _))
        {
            problems.Add("Bot:MicrosoftAppId must be the app (client) id of the Azure Bot registration, a GUID.");
        }
        var hasSecret = bot.MicrosoftAppPassword.Length > 0;
        var hasCertificate = bot.CertificatePath.Length > 0;
        switch (bot.MicrosoftAppType)
        {
            case BotAppType.UserAssignedMSI when hasSecret || hasCertificate:
                problems.Add("Bot:MicrosoftAppType is UserAssignedMSI, which signs in as the managed identity: remove Bot:MicrosoftAppPassword and Bot:CertificatePath.");
                break;
            case BotAppType.MultiTenant or BotAppType.SingleTenant when !hasSecret && !hasCertificate:
                problems.Add($"Bot:MicrosoftAppType is {bot.MicrosoftAppType}, which needs a credential: set Bot:MicrosoftAppPassword (a client secret) or Bot:CertificatePath.");
                break;
            case BotAppType.MultiTenant or BotAppType.SingleTenant when hasSecret && hasCertificate:
                problems.Add("Both Bot:MicrosoftAppPassword and Bot:CertificatePath are set; the certificate wins, so remove the one you do not mean.");
                break;
            default:
                break;
        }
        if (hasCertificate && !File.Exists(bot.CertificatePath))
        {
            problems.Add($"Bot:CertificatePath names {bot.CertificatePath}, which does not exist.");
        }
        if (bot.MicrosoftAppType != BotAppType.MultiTenant && !Guid.TryParse(bot.MicrosoftAppTenantId, out _))
        {
            problems.Add($"Bot:MicrosoftAppType is {bot.MicrosoftAppType}, which needs Bot:MicrosoftAppTenantId: the tenant (directory) id, a GUID.");
        }
        // Silent sign-in needs both: the token service's connection (Bot:) and the manifest's webApplicationInfo.
        if (bot.OAuthConnectionName.Length > 0 && teamsApp.SsoResource.Length == 0)
        {
            problems.Add("Bot:OAuthConnectionName is set but TeamsApp:SsoResource is empty: the Teams package has no webApplicationInfo, so Teams cannot sign customers in silently and they must use the sign-in button. Set TeamsApp:SsoResource to the SSO app's Application ID URI.");
        }
        if (teamsApp.SsoResource.Length > 0 && bot.OAuthConnectionName.Length == 0)
        {
            problems.Add("TeamsApp:SsoResource is set but Bot:OAuthConnectionName is empty: the bot never asks the token service for the customer's token. Set Bot:OAuthConnectionName to the Azure Bot's OAuth connection.");
        }
        return problems;
    }
}
