using ProcTracer;

var parsed = CommandLine.Parse(args);
if (parsed.Options is null)
{
    Console.Out.Write(parsed.StandardOutput);
    Console.Error.Write(parsed.StandardError);
    return parsed.ExitCode;
}
return Tracer.Run(parsed.Options);
