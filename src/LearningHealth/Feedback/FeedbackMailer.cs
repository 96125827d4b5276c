using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace LearningHealth.Feedback;

/// <summary>One e-mail to send: recipient, subject, plain-text body.</summary>
public sealed record FeedbackEmail(string To, string ToName, string Subject, string Body);

/// <summary>
/// Sends feedback e-mails through the configured SMTP server (MailKit), over one connection per batch. A message that
/// fails is logged and counted; it never stops the others, and never fails the cycle that sends them.
/// </summary>
public sealed partial class FeedbackMailer(SmtpOptions options, ILogger<FeedbackMailer> logger)
{
    public bool Configured => options.Configured;

    /// <summary>Sends each message; returns how many were accepted by the server and how many failed.</summary>
    public async Task<(int Sent, int Failed)> SendAsync(IReadOnlyList<FeedbackEmail> messages, CancellationToken cancellationToken = default)
    {
        if (!options.Configured || messages.Count == 0)
        {
            return (0, 0);
        }

        using var client = new SmtpClient();
        try
        {
            var security = !options.UseTls ? SecureSocketOptions.None
                : options.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await client.ConnectAsync(options.Host!, options.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogConnectFailed(options.Host!, options.Port, messages.Count, e.Message);
            return (0, messages.Count);
        }

        var (sent, failed) = (0, 0);
        foreach (var message in messages)
        {
            try
            {
                var mime = new MimeMessage();
                mime.From.Add(MailboxAddress.Parse(options.From));
                mime.To.Add(new MailboxAddress(message.ToName, message.To));
                mime.Subject = message.Subject;
                mime.Body = new TextPart("plain") { Text = message.Body };
                await client.SendAsync(mime, cancellationToken);
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed++;
                LogSendFailed(message.To, e.Message);
                if (!client.IsConnected)
                {
                    // The rest cannot be sent over this connection; count them rather than hang on each.
                    failed += messages.Count - sent - failed;
                    break;
                }
            }
        }

        if (client.IsConnected)
        {
            try
            {
                await client.DisconnectAsync(quit: true, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogDisconnectFailed(e.Message);
            }
        }

        return (sent, failed);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Feedback e-mail: cannot connect to SMTP server {Host}:{Port} ({Reason}); {Count} e-mail(s) not sent")]
    private partial void LogConnectFailed(string host, int port, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feedback e-mail to {To} not sent: {Reason}")]
    private partial void LogSendFailed(string to, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feedback e-mail: closing the SMTP connection failed ({Reason})")]
    private partial void LogDisconnectFailed(string reason);
}
