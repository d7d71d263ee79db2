using Microsoft.Extensions.Options;
using SupportBot.Channels.DirectLine;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels;

/// Tokens can be had anonymously, so whoever has one can try keys offline: a short signing key or secret is a
/// configuration error the host refuses to start with, naming the setting and the rule.
public sealed class DirectLineKeyStrengthTests
{
    [Theory]
    [InlineData("DirectLine:TokenSigningKey", "short-signing-key", "at least 32 bytes")]
    [InlineData("DirectLine:Secret", "short-secret", "at least 32 characters")]
    public void A_short_key_or_secret_stops_the_host_from_starting(string setting, string value, string rule)
    {
        using var factory = new SupportBotFactory();
        factory.Settings[setting] = value;

        var error = Assert.Throws<OptionsValidationException>(() => factory.Server);

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generated_key_is_256_random_bits_and_a_weakened_key_file_is_refused()
    {
        var data = Directory.CreateTempSubdirectory("supportbot-keyfile-").FullName;
        try
        {
            var generated = SigningKeyFile.Resolve(new DirectLineOptions(), data);
            Assert.Equal(32, generated.Length);
            Assert.Equal(generated, SigningKeyFile.Resolve(new DirectLineOptions(), data));

            File.WriteAllText(Path.Combine(data, "directline-signing.key"), Convert.ToBase64String(new byte[8]));
            var error = Assert.Throws<InvalidOperationException>(() => SigningKeyFile.Resolve(new DirectLineOptions(), data));
            Assert.Contains("at least 32 bytes", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
