namespace SupportBot.Tests.BotFramework;

internal static class Fixture
{
    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "BotFramework", "Fixtures", name + ".json"));
}
