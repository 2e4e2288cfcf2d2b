"""Trains a PixelCnn model with PyTorch, on one process or many under torchrun (DistributedDataParallel), and writes a
checkpoint that the PowerShell module reads with Import-PixelCnn: the same tensor names, masks, input scaling and
metadata as the module's own checkpoints (examples/pytorch/pixelcnn_models.py).

One machine, CPU, two processes (gloo):
  torchrun --standalone --nproc_per_node 2 examples/pytorch/train_pixelcnn.py --architecture Gated --hidden-dim 64 \\
      --batch-size 128 --epochs 10 --output gated.safetensors
Several GPUs (NCCL), one process per GPU:
  torchrun --standalone --nproc_per_node 4 examples/pytorch/train_pixelcnn.py --architecture Gated --conditional \\
      --device cuda --batch-size 128 --epochs 150 --output gated-conditional.safetensors
Then in PowerShell:
  Import-PixelCnn -Path gated.safetensors | Get-PixelCnnSample -Count 16 | Export-Png -Path samples.png -Grid

The recipe is the module's (Start-PixelCnnTraining): Adam, cross-entropy over the 256 values of every pixel, a
learning rate decayed by --learning-rate-decay per epoch (exponential, the UvA tutorial's) or annealed to zero by
--schedule cosine over --schedule-epochs, optional gradient clipping; training on the first --train-images MNIST
training images (55,000 by default, the rest held out for validation). --batch-size is the global batch: each of the
N processes takes batch-size / N images a step, and DDP averages their gradients. BatchNorm (the tutorial's PixelCNN)
keeps per-process batch statistics; rank 0's running statistics are broadcast and saved.
"""
import argparse, gzip, json, math, os, platform, sys, time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pixelcnn_models  # noqa: E402

DEFAULT_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "module", "data", "mnist")


def arguments(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--architecture", choices=sorted(pixelcnn_models.ARCHITECTURES), default="PixelCnn")
    p.add_argument("--conditional", action="store_true", help="class-conditional (Gated only): trains with the MNIST labels")
    p.add_argument("--hidden-dim", type=int, default=64)
    p.add_argument("--batch-size", type=int, default=128, help="global batch, split evenly over the processes")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--max-steps", type=int, default=0, help="stop after this many optimizer steps (0: run --epochs)")
    p.add_argument("--learning-rate", type=float, default=1e-3)
    p.add_argument("--learning-rate-decay", type=float, default=0.99, help="exponential schedule: factor per epoch")
    p.add_argument("--schedule", choices=["exponential", "cosine"], default="exponential")
    p.add_argument("--schedule-epochs", type=int, default=0, help="cosine: epochs to anneal over (default --epochs)")
    p.add_argument("--label-dropout", type=float, default=0.0, help="conditional: train this share of the images without their label (Start-PixelCnnTraining -LabelDropout)")
    p.add_argument("--gradient-clip-norm", type=float, default=0.0, help="clip the gradients' global norm (0: off)")
    p.add_argument("--train-images", type=int, default=55000, help="the first N training images; the rest validate")
    p.add_argument("--validation-images", type=int, default=0, help="validate on this many held-out images after each epoch")
    p.add_argument("--test-images", type=int, default=0, help="at the end, score the first N test images (bits/dim, eval mode)")
    p.add_argument("--data", default=DEFAULT_DATA, help="folder with the four MNIST files (gzip or raw IDX)")
    p.add_argument("--output", required=True, help="the checkpoint to write (.safetensors)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=1, help="torch threads per process")
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    return p.parse_args(argv)


def read_idx(folder, stem, header):
    for name in (stem + ".gz", stem):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            raw = (gzip.open if name.endswith(".gz") else open)(path, "rb").read()
            return np.frombuffer(raw, dtype=np.uint8, offset=header)
    raise FileNotFoundError(f"MNIST file {stem}(.gz) not found in {folder}")


def read_split(folder, kind):
    """Images [N,1,H,W] uint8 of the size the IDX header gives (MNIST: 28x28) and int64 labels."""
    raw = read_idx(folder, f"{kind}-images-idx3-ubyte", 0)
    rows, columns = (int.from_bytes(raw[o:o + 4].tobytes(), "big") for o in (8, 12))
    images = raw[16:].reshape(-1, 1, rows, columns)
    labels = read_idx(folder, f"{kind}-labels-idx1-ubyte", 8)
    if len(images) != len(labels):
        raise ValueError(f"{folder}: {len(images)} {kind} images but {len(labels)} labels")
    return torch.from_numpy(images.copy()), torch.from_numpy(labels.astype(np.int64))


def learning_rate(args, step, steps_per_epoch):
    epoch_position = step / steps_per_epoch
    if args.schedule == "cosine":
        span = args.schedule_epochs or args.epochs
        return args.learning_rate * 0.5 * (1 + math.cos(math.pi * min(epoch_position / span, 1.0)))
    return args.learning_rate * args.learning_rate_decay ** math.floor(epoch_position)


def bits_per_dim(logits, images):
    return F.cross_entropy(logits, images.long()) / math.log(2)


def score(model, images, labels, device, batch=256):
    """Mean bits/dim of images in eval mode, as Measure-PixelCnnLikelihood reports it."""
    model.eval()
    total = 0.0
    with torch.no_grad():
        for i in range(0, len(images), batch):
            x = images[i:i + batch].to(device)
            y = labels[i:i + batch].to(device) if labels is not None else None
            total += bits_per_dim(model(x, y), x).item() * len(x)
    return total / len(images)


def main(argv=None):
    args = arguments(argv)
    distributed = "WORLD_SIZE" in os.environ
    if distributed:
        dist.init_process_group("nccl" if args.device == "cuda" else "gloo")
    rank, world = (dist.get_rank(), dist.get_world_size()) if distributed else (0, 1)
    if args.batch_size % world:
        raise SystemExit(f"--batch-size {args.batch_size} does not split evenly over {world} processes")
    if args.conditional and args.architecture != "Gated":
        raise SystemExit("--conditional needs --architecture Gated")
    if args.label_dropout and not args.conditional:
        raise SystemExit("--label-dropout needs --conditional")
    if not 0 <= args.label_dropout < 1:
        raise SystemExit(f"--label-dropout {args.label_dropout} is outside [0, 1)")
    torch.set_num_threads(args.threads)
    device = torch.device(f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}" if args.device == "cuda" else "cpu")
    torch.manual_seed(args.seed)  # the same initial weights in every process (DDP also broadcasts rank 0's)
    dropping = torch.Generator().manual_seed(args.seed * 1000 + rank)  # which images train without their label

    images, labels = read_split(args.data, "train")
    # The model learns the data's size and, when conditional, as many classes as its labels call for (at least 10).
    height, width = images.shape[2], images.shape[3]
    classes = max(10, int(labels.max()) + 1) if args.conditional else 0
    model = pixelcnn_models.create(args.architecture, args.hidden_dim, classes).to(device)
    trained = DistributedDataParallel(model) if distributed else model
    optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate)

    train = TensorDataset(images[:args.train_images], labels[:args.train_images])
    sampler = DistributedSampler(train, num_replicas=world, rank=rank, shuffle=True, seed=args.seed, drop_last=True)
    loader = DataLoader(train, batch_size=args.batch_size // world, sampler=sampler, drop_last=True)
    steps_per_epoch = len(loader)
    held_out = images[args.train_images:args.train_images + args.validation_images], labels[args.train_images:args.train_images + args.validation_images]

    history, step, epochs_done = [], 0, 0
    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)
        trained.train()
        started, total, batches, clipped, norms = time.perf_counter(), 0.0, 0, 0, []
        for x, y in loader:
            if args.max_steps and step >= args.max_steps:
                break
            for group in optimizer.param_groups:
                group["lr"] = learning_rate(args, step, steps_per_epoch)
            if args.label_dropout:
                y = torch.where(torch.rand(len(y), generator=dropping) < args.label_dropout, torch.full_like(y, pixelcnn_models.NO_LABEL), y)
            x, y = x.to(device), y.to(device)
            loss = bits_per_dim(trained(x, y if classes else None), x)
            optimizer.zero_grad()
            (loss * math.log(2)).backward()
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), args.gradient_clip_norm or float("inf"))
            norms.append(norm.item())
            clipped += int(args.gradient_clip_norm > 0 and norm.item() > args.gradient_clip_norm)
            optimizer.step()
            total, batches, step = total + loss.item(), batches + 1, step + 1
        if batches < steps_per_epoch:
            break  # --max-steps ended the run inside this epoch: it is not counted
        epochs_done = epoch + 1
        mean = torch.tensor([total / batches], device=device)
        if distributed:
            dist.all_reduce(mean)
            mean /= world
        seconds = time.perf_counter() - started
        record = {
            "Epoch": epochs_done, "TrainBpd": mean.item(), "MaxBatchBpd": 0.0,
            "MeanGradientNorm": float(np.mean(norms)), "MaxGradientNorm": float(np.max(norms)),
            "GradientClipNorm": args.gradient_clip_norm or None, "ClippedBatches": clipped,
            "ValidationBpd": None, "TrainedValidationBpd": None, "Averaged": False,
            "Threads": args.threads * world, "Precision": "Float32",
            "Hardware": f"PyTorch {torch.__version__}, {world} process(es), {device.type}, {platform.processor() or platform.machine()}",
            "DataOrderSeed": args.seed, "LearningRate": learning_rate(args, step - 1, steps_per_epoch),
            "Seconds": seconds, "ImagesPerSecond": batches * args.batch_size / seconds, "Images": batches * args.batch_size,
            "LabelDropout": args.label_dropout or None,
        }
        if rank == 0 and len(held_out[0]):
            model.eval()
            with torch.no_grad():
                x, y = held_out[0].to(device), held_out[1].to(device)
                record["ValidationBpd"] = score(model, held_out[0], held_out[1] if classes else None, device)
        history.append(record)
        if rank == 0:
            print(json.dumps({k: record[k] for k in ("Epoch", "TrainBpd", "ValidationBpd", "Seconds")}), flush=True)

    if rank == 0:
        metadata = pixelcnn_models.checkpoint_metadata(model, args.architecture, args.hidden_dim, classes, epochs_done, history,
                                                       (height, width))
        metadata["pixelcnn.trained_with"] = f"examples/pytorch/train_pixelcnn.py, {world} process(es), {step} steps of {args.batch_size}"
        model.eval()
        state = {k: v for k, v in model.state_dict().items()}
        partial = args.output + ".tmp"
        pixelcnn_models.save_safetensors(partial, state, metadata)
        os.replace(partial, args.output)  # a whole file or none
        summary = {"output": args.output, "architecture": args.architecture, "hidden_dim": args.hidden_dim, "classes": classes,
                   "steps": step, "epochs": epochs_done, "processes": world, "torch": torch.__version__}
        if args.test_images:
            test_images, test_labels = read_split(args.data, "t10k")
            summary["test_images"] = args.test_images
            summary["test_bpd"] = score(model, test_images[:args.test_images], test_labels[:args.test_images] if classes else None, device)
        print(json.dumps(summary), flush=True)
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
