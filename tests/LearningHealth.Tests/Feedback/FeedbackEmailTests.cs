using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using LearningHealth.Feedback;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace LearningHealth.Tests.Feedback;

public sealed class FeedbackEmailTests
{
    [Fact]
    public async Task Each_notified_clinician_gets_an_email_with_a_link_and_mail_failures_are_counted_without_failing_the_cycle()
    {
        var port = FreeLoopbackPort();
        await using var services = await FeedbackServices.CreateAsync(TestDatabase.Sqlite, new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:From"] = "LearningHealth <feedback@northfield.example>",
            ["Smtp:UseTls"] = "false",
            ["PublicBaseUrl"] = "https://lhs.northfield.example/",
        });

        // No server listening yet: every e-mail fails, the cycle is still published and says so.
        var failed = await services.Get<PublishFeedbackCycle>().HandleAsync(new PublishFeedbackCycleCommand());
        Assert.True(failed.Succeeded);
        Assert.True(failed.Value!.NewlyNotified > 0);
        Assert.Equal(0, failed.Value.Emailed);
        Assert.Equal(failed.Value.NewlyNotified, failed.Value.EmailFailures);
        await using (var db = services.NewDbContext())
        {
            var cycle = await db.FeedbackCycles.SingleAsync();
            Assert.Contains("could not be sent", cycle.Message, StringComparison.Ordinal);
            // Start again as if the notifications had never been written, so the next run e-mails everyone.
            db.Notifications.RemoveRange(db.Notifications);
            await db.SaveChangesAsync();
        }

        var store = new RecordingStore();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(store);
        var server = new SmtpServer.SmtpServer(options, provider);
        using var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        try
        {
            var sent = await services.Get<PublishFeedbackCycle>().HandleAsync(new PublishFeedbackCycleCommand());
            Assert.Equal(sent.Value!.NewlyNotified, sent.Value.Emailed);
            Assert.Equal(0, sent.Value.EmailFailures);

            List<(string? Email, string DisplayName)> notified;
            await using (var db = services.NewDbContext())
            {
                var ids = await db.Notifications.Select(n => n.UserId).ToListAsync();
                notified = (await db.Users.Where(u => ids.Contains(u.Id)).Select(u => new { u.Email, u.DisplayName }).ToListAsync())
                    .Select(u => (u.Email, u.DisplayName)).ToList();
            }

            Assert.Equal(notified.Select(n => n.Email!).Order(), store.Messages.Select(m => m.To.Mailboxes.Single().Address).Order());
            var clinician = store.Messages.Single(m => m.To.Mailboxes.Single().Address == "clinician@northfield.example");
            Assert.Equal("feedback@northfield.example", clinician.From.Mailboxes.Single().Address);
            Assert.StartsWith("Your feedback for ", clinician.Subject, StringComparison.Ordinal);
            Assert.Contains("https://lhs.northfield.example/learning-cycle/practice", clinician.TextBody, StringComparison.Ordinal);
            Assert.Contains(notified.Single(n => n.Email == "clinician@northfield.example").DisplayName, clinician.TextBody, StringComparison.Ordinal);

            await using var check = services.NewDbContext();
            Assert.Equal(sent.Value.Emailed, (await check.FeedbackCycles.SingleAsync()).Emailed);
        }
        finally
        {
            await stop.CancelAsync();
            await running.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class RecordingStore : MessageStore
    {
        private readonly ConcurrentQueue<MimeMessage> messages = new();

        public IReadOnlyList<MimeMessage> Messages => messages.ToList();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
