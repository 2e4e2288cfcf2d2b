using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace PixelCnn.WindowsHost;

/// <summary>What pwsh's command line asks for, as the script text to run.</summary>
internal sealed record Invocation(string Script)
{
    private static readonly string[] Ignored = { "-noprofile", "-noninteractive", "-nologo" };

    /// <summary>Reads pwsh's arguments; null when they ask for nothing this host runs.</summary>
    public static Invocation? Parse(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i].ToLowerInvariant();
            if (Ignored.Contains(name))
            {
                continue;
            }

            if (i + 1 >= args.Count)
            {
                return null;
            }

            switch (name)
            {
                case "-file":
                case "-f":
                    return new Invocation(FileScript(args[i + 1], args.Skip(i + 2).ToList()));
                case "-command":
                case "-c":
                    return new Invocation(string.Join(' ', args.Skip(i + 1)));
                case "-encodedcommand":
                case "-e":
                case "-ec":
                    return new Invocation(Encoding.Unicode.GetString(Convert.FromBase64String(args[i + 1])));
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// A script file with pwsh's -File binding: "-Name" binds a parameter, "-Name:value" too, anything else is a value.
    /// </summary>
    private static string FileScript(string path, IReadOnlyList<string> arguments)
    {
        var script = new StringBuilder("& ").Append(Quote(path));
        foreach (string argument in arguments)
        {
            bool parameterName = argument.Length > 1 && argument[0] == '-' && char.IsLetter(argument[1]);
            script.Append(' ').Append(parameterName && !argument.Contains(' ') ? argument : Quote(argument));
        }

        return script.ToString();
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
}
