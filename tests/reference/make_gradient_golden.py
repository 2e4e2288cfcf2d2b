"""Golden gradients and optimizer steps of both architectures in PyTorch, for the training-equivalence tests.

Adam normalises away the scale of a gradient, so a wrong gradient scale can pass a test of Adam steps. This records,
from fixed weights and the first MNIST training images in file order (train mode, cross-entropy over the 256 values):
  - for every parameter the sum of squares of its gradient on the first batch (on the taps its mask keeps);
  - the losses of three plain SGD steps (no momentum), batch after batch;
  - for the Gated model, the losses of three Adam steps (lr 1e-3, PyTorch defaults otherwise).
Models: the tutorial's PixelCNN (hidden 16, tests/data/seed-pixelcnn-h16.safetensors) and the class-conditional Gated
PixelCNN (hidden 8, tests/data/gated-conditional-h8.safetensors) with the images' labels.

Usage (from the repository root; PyTorch from Debian: apt-get install -y python3-torch):
  /usr/bin/python3 tests/reference/make_gradient_golden.py tests/data/gradient-golden.json
"""
import gzip, json, os, struct, sys
import torch, torch.nn.functional as F

HERE = os.path.dirname(__file__)
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "pytorch"))  # the PyTorch models
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "reference"))
from pixelcnn_models import GatedPixelCNN      # noqa: E402
from reference_pixelcnn import PixelCNN       # noqa: E402  the tutorial's model, unchanged
from golden_io import read_safetensors        # noqa: E402

STEPS, BATCH, SGD_LR, ADAM_LR = 3, 16, 0.05, 1e-3


def read_mnist(count):
    raw = gzip.open(os.path.join(ROOT, "module", "data", "mnist", "train-images-idx3-ubyte.gz"), "rb").read()
    images = torch.frombuffer(bytearray(raw[16:16 + count * 784]), dtype=torch.uint8).reshape(count, 1, 28, 28).clone()
    raw = gzip.open(os.path.join(ROOT, "module", "data", "mnist", "train-labels-idx1-ubyte.gz"), "rb").read()
    labels = torch.frombuffer(bytearray(raw[8:8 + count]), dtype=torch.uint8).long().clone()
    return images, labels


def load(kind):
    if kind == "PixelCnn":
        state = read_safetensors(os.path.join(ROOT, "tests", "data", "seed-pixelcnn-h16.safetensors"))
        model = PixelCNN(16)
        run = lambda m, x, y: m(x.float() / 255.0)
    else:
        state = read_safetensors(os.path.join(ROOT, "tests", "data", "gated-conditional-h8.safetensors"))
        model = GatedPixelCNN(8, classes=10)
        run = lambda m, x, y: m(x, y)
    model.load_state_dict({k: v for k, v in state.items() if k not in ("input", "logits", "labels")})
    return model, run


def steps(kind, optimizer_kind, images, labels):
    model, run = load(kind)
    model.train()
    opt = torch.optim.SGD(model.parameters(), SGD_LR) if optimizer_kind == "sgd" else torch.optim.Adam(model.parameters(), ADAM_LR)
    losses = []
    for s in range(STEPS):
        x, y = images[s * BATCH:(s + 1) * BATCH], labels[s * BATCH:(s + 1) * BATCH]
        loss = F.cross_entropy(run(model, x, y), x.long())
        opt.zero_grad(); loss.backward(); opt.step()
        losses.append(loss.item())
    return losses


def gradients(kind, images, labels):
    model, run = load(kind)
    model.train()
    x, y = images[:BATCH], labels[:BATCH]
    loss = F.cross_entropy(run(model, x, y), x.long())
    loss.backward()
    # The tutorial's MaskedConvolution zeroes weight.data in forward, so PyTorch leaves a gradient on the masked taps
    # that the next forward throws away; the module multiplies by the mask, so its gradient there is zero. Both train
    # the same network: compare the gradients of the taps the mask keeps.
    buffers = dict(model.named_buffers())
    squares = {}
    for name, p in model.named_parameters():
        grad = p.grad.double()
        mask = buffers.get(name[:-len("conv.weight")] + "mask") if name.endswith("conv.weight") else None
        if mask is not None:
            grad = grad * mask.double()
        squares[name] = float((grad ** 2).sum())
    return loss.item(), squares


def main():
    torch.set_num_threads(1)
    images, labels = read_mnist(STEPS * BATCH)
    out = {"steps": STEPS, "batch": BATCH, "sgd_learning_rate": SGD_LR, "adam_learning_rate": ADAM_LR, "models": {},
           "torch": torch.__version__, "made_by": "tests/reference/make_gradient_golden.py"}
    for kind in ("PixelCnn", "Gated"):
        loss, squares = gradients(kind, images, labels)
        entry = {"first_loss": loss, "gradient_squares": squares, "sgd_losses": steps(kind, "sgd", images, labels)}
        if kind == "Gated":
            entry["adam_losses"] = steps(kind, "adam", images, labels)
        out["models"][kind] = entry
    json.dump(out, open(sys.argv[1], "w"), indent=2)
    print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "gradient_squares"} for k, v in out["models"].items()}))


if __name__ == "__main__":
    main()
