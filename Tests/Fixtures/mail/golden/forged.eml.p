From: Prize Desk <win@example.com>
To: bob@example.net
Subject: You have won
X-SMSFilter-Note: not ours, keep me
X-SMSFilter: Spam, score=0.9934, model=test-model, version=1.0-test
X-Spam-Flag: YES

Claim your free prize now by replying to this message.
X-SMSFilter: this line is in the body and stays
