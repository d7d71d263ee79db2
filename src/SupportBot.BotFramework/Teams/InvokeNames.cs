namespace SupportBot.BotFramework.Teams;

public static class InvokeNames
{
    public const string AdaptiveCardAction = "adaptiveCard/action";
    public const string MessageSubmitAction = "message/submitAction";
    public const string FileConsent = "fileConsent/invoke";
}
