namespace Samples.TaskIter;

/// <summary>The names task_iter.c gives the common values of task_struct's <c>__state</c> (include/linux/sched.h).</summary>
internal static class TaskStates
{
    /// <summary>TASK_RUNNING, TASK_INTERRUPTIBLE, ... by their sched.h values; others are &lt;unknown&gt;.</summary>
    public static string Name(uint state) => state switch
    {
        0x0000 => "RUNNING",
        0x0001 => "INTERRUPTIBLE",
        0x0002 => "UNINTERRUPTIBLE",
        0x0200 => "WAKING",
        0x0400 => "NOLOAD",
        0x0402 => "IDLE", // TASK_IDLE: TASK_UNINTERRUPTIBLE | TASK_NOLOAD, a kernel thread waiting without load
        0x0800 => "NEW",
        _ => "<unknown>",
    };
}
