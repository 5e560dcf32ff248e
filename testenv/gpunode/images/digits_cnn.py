"""Trains a small CNN on scikit-learn's bundled handwritten digits (8x8, 1,797 images; nothing is downloaded)
on the GPU and prints the GPU's name, the loss per epoch and the test accuracy: the 2020 guide's MNIST job,
on today's hardware and PyTorch. Exits 1 when there is no GPU or the accuracy stays below 90 %."""
import sys
import time

import torch
from torch import nn
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


def main():
    if not torch.cuda.is_available():
        print("no CUDA device visible to PyTorch", file=sys.stderr)
        return 1
    device = torch.device("cuda")
    print(f"PyTorch {torch.__version__}, CUDA {torch.version.cuda}, GPU: {torch.cuda.get_device_name(0)}", flush=True)
    torch.manual_seed(0)

    digits = load_digits()
    x = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1) / 16.0  # (N, 1, 8, 8)
    y = torch.tensor(digits.target, dtype=torch.long)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=0, stratify=y)
    x_train, y_train = x_train.to(device), y_train.to(device)
    x_test, y_test = x_test.to(device), y_test.to(device)
    print(f"digits: {len(x_train)} training and {len(x_test)} test images of 8x8", flush=True)

    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 64 x 4 x 4
        nn.Flatten(), nn.Dropout(0.25), nn.Linear(64 * 4 * 4, 128), nn.ReLU(), nn.Linear(128, 10),
    ).to(device)
    optimiser = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = nn.CrossEntropyLoss()

    start = time.time()
    epochs, batch = 30, 64
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(len(x_train), device=device)
        total = 0.0
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            optimiser.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimiser.step()
            total += loss.item() * len(idx)
        if epoch == 1 or epoch % 5 == 0:
            print(f"epoch {epoch:2d}/{epochs}  loss {total / len(x_train):.4f}", flush=True)
    torch.cuda.synchronize()
    elapsed = time.time() - start

    model.eval()
    with torch.no_grad():
        predicted = model(x_test).argmax(dim=1)
    accuracy = (predicted == y_test).float().mean().item()
    print(f"test accuracy {accuracy:.4f} ({int((predicted == y_test).sum())}/{len(y_test)}), "
          f"trained in {elapsed:.1f} s on {torch.cuda.get_device_name(0)}", flush=True)
    return 0 if accuracy >= 0.90 else 1


if __name__ == "__main__":
    sys.exit(main())
