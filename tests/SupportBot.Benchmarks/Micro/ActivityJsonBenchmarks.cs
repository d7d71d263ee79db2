using BenchmarkDotNet.Attributes;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Benchmarks.Micro;

/// The wire format both channels go through on every activity: a Teams message as it reaches /api/messages
/// (mentions, channelData, entities) read into an Activity, and a reply written back.
[MemoryDiagnoser]
public class ActivityJsonBenchmarks
{
    private string _json = string.Empty;
    private Activity _activity = null!;

    [GlobalSetup]
    public void Setup()
    {
        _json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "teams-personal-message.json"));
        _activity = BotJson.Deserialize<Activity>(_json).CreateReply("To reset your password, open the app and tap Forgot password on the sign-in screen.");
    }

    [Benchmark]
    public Activity Parse() => BotJson.Deserialize<Activity>(_json);

    [Benchmark]
    public string Serialize() => BotJson.Serialize(_activity);
}
