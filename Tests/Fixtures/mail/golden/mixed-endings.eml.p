Return-Path: <alice@example.org>
From: Alice Example <alice@example.org>
To: bob@example.net
Subject: Lunch on Friday?
Date: Mon, 2 Mar 2026 10:15:00 +0100
Message-ID: <lunch-1@example.org>
X-SMSFilter: Spam, score=0.9934, model=test-model, version=1.0-test
X-Spam-Flag: YES

Hi Bob,
are we still on for lunch at noon on Friday?
Alice
