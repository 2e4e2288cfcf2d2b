"""Golden losses of a few Adam steps of the tutorial's PyTorch PixelCNN, for the training-equivalence test.

Starts from the weights in tests/data/seed-pixelcnn-h16.safetensors (the tutorial's model, hidden 16, with
non-trivial BatchNorm state), trains in train mode on the first STEPS*BATCH MNIST training images in file order,
BATCH at a time, with Adam (lr 1e-3, PyTorch defaults otherwise) on cross-entropy over the 256 pixel values,
and records each step's loss plus the eval-mode loss on the first two test images afterwards.

Usage (from the repository root; PyTorch from Debian: apt-get install -y python3-torch):
  /usr/bin/python3 tests/reference/make_training_golden.py tests/data/training-golden-h16.json
"""
import gzip, json, struct, sys, os
import torch, torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "reference"))
from reference_pixelcnn import PixelCNN  # the tutorial's model, unchanged
sys.path.insert(0, os.path.dirname(__file__))
from golden_io import read_safetensors

STEPS, BATCH, LR = 3, 32, 1e-3
ROOT = os.path.join(os.path.dirname(__file__), "..", "..")

def read_images(name, count):
    raw = gzip.open(os.path.join(ROOT, "module", "data", "mnist", name), "rb").read()
    return torch.frombuffer(bytearray(raw[16:16 + count * 784]), dtype=torch.uint8).reshape(count, 1, 28, 28)

def main():
    torch.set_num_threads(1)
    state = read_safetensors(os.path.join(ROOT, "tests", "data", "seed-pixelcnn-h16.safetensors"))
    model = PixelCNN(16)
    model.load_state_dict({k: v for k, v in state.items() if k not in ("input", "logits")})
    opt = torch.optim.Adam(model.parameters(), LR)
    images = read_images("train-images-idx3-ubyte.gz", STEPS * BATCH)
    losses = []
    model.train()
    for s in range(STEPS):
        x = images[s * BATCH:(s + 1) * BATCH]
        loss = F.cross_entropy(model(x.float() / 255.0), x.long())
        opt.zero_grad(); loss.backward(); opt.step()
        losses.append(loss.item())
    model.eval()
    test = read_images("t10k-images-idx3-ubyte.gz", 2)
    with torch.no_grad():
        eval_loss = F.cross_entropy(model(test.float() / 255.0), test.long()).item()
    out = {"steps": STEPS, "batch": BATCH, "learning_rate": LR, "losses": losses, "eval_loss_test2": eval_loss,
           "torch": torch.__version__, "made_by": "tests/reference/make_training_golden.py"}
    json.dump(out, open(sys.argv[1], "w"), indent=2)
    print(json.dumps(out))

if __name__ == "__main__":
    main()
