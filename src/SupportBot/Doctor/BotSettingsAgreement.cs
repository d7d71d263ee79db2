using SupportBot.BotFramework;

namespace SupportBot.Doctor;

/// Whether the Bot: settings describe one coherent Azure Bot registration: an app type, the tenant it needs and the
/// one credential it uses. A mismatch otherwise shows up only as refused tokens and dead letters in the outbox.
internal static class BotSettingsAgreement
{
    public static List<string> Problems(BotFrameworkOptions bot)
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
        return problems;
    }
}
