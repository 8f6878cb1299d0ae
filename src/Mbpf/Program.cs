using Mbpf;

return MbpfCommand.Run(args, Console.Out, Console.Error);
