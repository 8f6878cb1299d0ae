using System.Runtime.InteropServices;
using ManagedBpf.Links;
using Samples;
using Samples.TaskIter;

// libbpf-bootstrap's task_iter: one pass of a task iterator prints every task (or PID's threads only) with its
// kernel stack's depth and state, as task_iter.c does.
return SampleRun.Run(_ =>
{
    var pid = args is [var number] ? int.Parse(number) : 0;
    using var obj = TaskIterObject.Load();
    using var iterator = obj.GetTasks.AttachIterator();
    foreach (var task in MemoryMarshal.Cast<byte, TaskInfo>(iterator.ReadAll()))
        if (pid == 0 || task.Pid == pid)
            Console.WriteLine(task.KstackLen <= 0
                ? $"Error getting kernel stack for task. Task Info. Pid: {task.Pid}. Process Name: {task.CommString}. Kernel Stack Error: {task.KstackLen}. State: {TaskStates.Name(task.State)}"
                : $"Task Info. Pid: {task.Pid}. Process Name: {task.CommString}. Kernel Stack Len: {task.KstackLen}. State: {TaskStates.Name(task.State)}");
});
