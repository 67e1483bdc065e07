"""Notebook 07, exercise 4, played as a learner: a VAE whose decoder never sees z, trained like the VAE.

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
class BlindVAE(VAE):
    def forward(self, x):
        mu, logvar = self.encoder(x).chunk(2, dim=1)
        z = 0 * (mu + torch.exp(0.5 * logvar) * torch.randn_like(mu))
        logits = self.decoder(z).view(-1, *self.shape)
        log_px = (x * F.log_softmax(logits, dim=1)).sum(dim=(1, 2))
        kl = 0.5 * (mu ** 2 + logvar.exp() - 1 - logvar).sum(dim=1)
        return torch.stack([log_px, kl], dim=1)

train.set_seed(0, threads=1)
blind = BlindVAE(length=X.shape[2])
train.fit(blind, (X_train, w_train), (X_valid, w_valid), loss_fn=neg_elbo, epochs=150,
          lr=2e-3, batch_size=128, patience=15, seed=0, progress=False)
answer = blind
"""

WRONG = """\
answer = model          # the notebook's VAE, not ablated
"""


def test_q4_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("07_vae_mutation_effects.ipynb", "q4", HINT, WRONG, tmp_path, monkeypatch)
